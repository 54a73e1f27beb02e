package org.kafkatck.tck.report;

import java.util.Locale;

import org.apache.kafka.common.protocol.ApiKeys;

/**
 * One request a scenario sent, as a vendor looks it up in the protocol guide: the API's name, its key
 * and the version on the wire.
 *
 * @param api     the API's name as the protocol guide spells it, e.g. {@code Fetch}
 * @param key     the API key, e.g. 1
 * @param version the request version, or -1 when it is not known (the target did not say which
 *                versions of that API it speaks)
 */
public record SentRequest(String api, int key, int version) {

    /** @return the request of {@code api} in {@code version} */
    public static SentRequest of(ApiKeys api, int version) {
        return new SentRequest(api.name, api.id, version);
    }

    /** @return e.g. {@code Fetch v17}, or {@code Fetch} when the version is not known */
    public String label() {
        return version < 0 ? api : api + " v" + version;
    }

    /** @return the request as a JSON object: {@code {"api": "Fetch", "key": 1, "version": 17}} */
    public String toJson() {
        String name = new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(api));
        return String.format(Locale.ROOT, "{\"api\": \"%s\", \"key\": %d, \"version\": %s}", name, key,
                version < 0 ? "null" : Integer.toString(version));
    }
}
