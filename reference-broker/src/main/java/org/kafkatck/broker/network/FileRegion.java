package org.kafkatck.broker.network;

import java.nio.channels.FileChannel;

/**
 * Bytes of a response frame that stay in a file until they are written: record batches a Fetch response sends
 * from the segment file ({@code sendfile} on a plain connection). The channel is the region's own handle on
 * the file, closed once the frame is written.
 *
 * @param channel  the file
 * @param position where the bytes start in it
 * @param count    how many bytes
 */
record FileRegion(FileChannel channel, long position, long count) {
}
