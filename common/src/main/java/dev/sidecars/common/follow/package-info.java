/**
 * Following files by name across rotation (rename, copytruncate, deletion and recreation), without
 * losing or repeating lines: the follower behind the log-tailer's stdout and the metrics-adapter's
 * log counters.
 *
 * <p>Start reading at {@link dev.sidecars.common.follow.Follower}: its thread and lifecycle, and the
 * cycle every followed file goes through. It is built of package-private parts, one job each:
 * <ul>
 *   <li>{@code Discovery} finds the files of the followed {@link dev.sidecars.common.follow.PathPattern}s
 *       and opens each where reading starts (a saved offset, its head or its tail);</li>
 *   <li>{@code Rotations} looks at what became of each followed path since the last cycle;</li>
 *   <li>{@code CopytruncateRecovery} reads from copytruncate's copies what a truncation took before
 *       it was read;</li>
 *   <li>{@code OpenFiles} holds the open files, at their paths and rotated ones still drained, and
 *       reads them in an order that keeps a writer's order across a rotation;</li>
 *   <li>{@code TrackedFile} is one open file: descriptor, offsets, first bytes, and its line pipeline
 *       ({@code LineSplitter}, the sink's {@link dev.sidecars.common.follow.RecordStage} if any, the
 *       sink);</li>
 *   <li>{@code SavedOffsets} keeps the offsets of files seen and saves them to an
 *       {@link dev.sidecars.common.follow.OffsetStore};</li>
 *   <li>{@code FileDecisions} holds the decisions as pure functions, tested with tables;
 *       {@code FileIdentity}, {@code Fingerprint} and {@code Siblings} tell files apart and find their
 *       rotated copies; {@code ChangeWatcher} wakes the follower on inotify events.</li>
 * </ul>
 *
 * <p>What a user of the follower passes in: {@link dev.sidecars.common.follow.FollowOptions} (what to
 * follow and how), a {@link dev.sidecars.common.follow.FollowSink} (where lines go, as
 * {@link dev.sidecars.common.follow.LineSink} or {@link dev.sidecars.common.follow.BulkLineSink} calls)
 * and a {@link dev.sidecars.common.follow.FollowListener} with its
 * {@link dev.sidecars.common.follow.FileMeters} (metrics). Files are read, and the sink called, on the
 * follower's thread only.
 */
package dev.sidecars.common.follow;
