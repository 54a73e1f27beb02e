package org.kafkatck.tck.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Puts the assertion ids into Cucumber's {@code junit.xml}, which knows nothing of them: each
 * {@code <testcase>} gets its id as a name prefix ({@code PRODUCE-001 — Acknowledged records ...}) and as a
 * {@code <property name="id">}, so a CI server's test list names scenarios the way the spec does.
 */
public final class JUnitXmlIds {
    private JUnitXmlIds() {
    }

    /**
     * Rewrites {@code junitXml} in place. A test case is matched to the result with the longest scenario name
     * that starts the test case's name, or ends it after {@code ": "}: an outline row's test case is named
     * {@code <template> - [examples -] #1.2: <row's scenario name>}. Scenario names are unique in the spec, so
     * the match is unambiguous.
     *
     * @param junitXml the file Cucumber's junit plugin wrote; nothing happens when it does not exist
     * @param results  the scenario results of the same run
     */
    public static void addIds(Path junitXml, List<ScenarioResult> results) throws IOException {
        if (!Files.exists(junitXml)) {
            return;
        }
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document xml = factory.newDocumentBuilder().parse(junitXml.toFile());
            NodeList cases = xml.getElementsByTagName("testcase");
            for (int i = 0; i < cases.getLength(); i++) {
                Element testCase = (Element) cases.item(i);
                String name = testCase.getAttribute("name");
                Optional<String> id = idOf(name, results);
                if (id.isEmpty()) {
                    continue;
                }
                testCase.setAttribute("name", id.get() + " — " + name);
                Element properties = xml.createElement("properties");
                Element property = xml.createElement("property");
                property.setAttribute("name", "id");
                property.setAttribute("value", id.get());
                properties.appendChild(property);
                testCase.insertBefore(properties, testCase.getFirstChild());
            }
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.transform(new DOMSource(xml), new StreamResult(junitXml.toFile()));
        } catch (javax.xml.parsers.ParserConfigurationException | javax.xml.transform.TransformerException
                 | org.xml.sax.SAXException e) {
            throw new IOException("Cannot add the assertion ids to " + junitXml + ": " + e.getMessage(), e);
        }
    }

    private static Optional<String> idOf(String testCaseName, List<ScenarioResult> results) {
        return results.stream().filter(r -> !r.id().isEmpty()
                        && (testCaseName.startsWith(r.name()) || testCaseName.endsWith(": " + r.name())))
                .max(Comparator.comparingInt(r -> r.name().length())).map(ScenarioResult::id);
    }
}
