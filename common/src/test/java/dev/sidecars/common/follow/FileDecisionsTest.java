package dev.sidecars.common.follow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sidecars.common.follow.FollowOptions.StartFrom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FileDecisionsTest {

    @ParameterizedTest(name = "{0} at {1}, now {2} size {3} head same {4}: {5}")
    @CsvSource(nullValues = "-", value = {
            "i1, 100, i1, 100, true,  UNCHANGED",
            "i1, 100, i1, 150, true,  UNCHANGED",
            "i1, 100, -,  0,   true,  GONE",
            "i1, 100, i2, 10,  true,  REPLACED",
            "i1, 100, i2, 500, true,  REPLACED",
            "i1, 100, i1, 99,  true,  TRUNCATED",
            "i1, 100, i1, 0,   true,  TRUNCATED",
            // truncated and written past the old offset before the next look: the first bytes tell
            "i1, 100, i1, 900, false, TRUNCATED",
    })
    void shouldClassifyWhatBecameOfAPath(String id, long offset, String nowId, long size, boolean headSame,
                                         FileDecisions.Change expected) {
        assertEquals(expected, FileDecisions.change(id, offset, nowId, size, headSame));
    }

    @ParameterizedTest(name = "saved {0} head {1} size {2} startup {3} from {4} state {5}: {6} ({7})")
    @CsvSource({
            "50, true,  100, true,  HEAD, true,  50,  resumed",
            "50, true,  100, true,  TAIL, true,  50,  resumed",
            "150, true, 100, true,  HEAD, true,  0,   truncated while stopped",
            "50, false, 100, true,  HEAD, true,  0,   inode reused by another file",
            "-1, false, 100, false, TAIL, false, 0,   new file",
            "-1, false, 100, true,  TAIL, true,  0,   created while stopped",
            "-1, false, 100, true,  TAIL, false, 100, from tail",
            "-1, false, 100, true,  HEAD, false, 0,   from head",
            // the follower then drops the rest of an unfinished last line (Discovery.open)
            "-1, false, 100, true,  NEXT_LINE, false, 100, from tail",
            "-1, false, 100, false, NEXT_LINE, false, 0,   new file",
            "50, true,  100, true,  NEXT_LINE, false, 50,  resumed",
    })
    void shouldChooseWhereReadingStarts(long saved, boolean head, long size, boolean startup, StartFrom from,
                                        boolean state, long offset, String reason) {
        assertEquals(new FileDecisions.Start(offset, reason), FileDecisions.start(saved, head, size, startup, from, state));
    }

    @ParameterizedTest(name = "{1} next to {0}: {2}")
    @CsvSource({
            "app.log, app.log.1,          true",
            "app.log, app.log.10000,      true",
            "app.log, app.log-20261122,   true",
            "app.log, app.log.1.gz,       true",
            "app.log, app.1.log,          true",
            "app.log, app-20261122.log,   true",
            "app.log, app_old.log,        true",
            "app.log, app.log,            false",
            "app.log, app.log.,           false",
            // another follower's output or another app's log starts with the same bytes: not a copy
            "app.log, tail.out,           false",
            "app.log, other.log,          false",
            "app.log, application.log,    false",
            "app.log, app.logx,           false",
            "app.log, app.log1,           false",
            "app.log, app.txt,            false",
            "app,     app.1,              true",
            "app,     apple,              false",
    })
    void shouldTellRotatedNamesFromOtherFiles(String followed, String candidate, boolean expected) {
        assertEquals(expected, FileDecisions.mayBeRotatedName(followed, candidate));
    }

    @ParameterizedTest(name = "{1} vs {2} next to {0}: {3}")
    @CsvSource({
            "app.log, app.log.3,           app.log.2,           -1",
            "app.log, app.log.2,           app.log.3,           1",
            "app.log, app.log.9,           app.log.10,          1",
            "app.log, app.log-20261121,    app.log-20261122,    -1",
            "app.log, app-20261122.log,    app-20261121.log,    1",
    })
    void shouldOrderRotatedNamesOldestFirst(String followed, String a, String b, int expected) {
        assertEquals(expected, Integer.signum(FileDecisions.compareRotatedNames(followed, a, b)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "app.log.1.gz, true",
            "app.log.2.xz, true",
            "app.log.2.zst, true",
            "app.log-20261122.bz2, true",
            "app.log.1, false",
            "app.1.log, false",
    })
    void shouldTellCompressedCopies(String name, boolean expected) {
        assertEquals(expected, FileDecisions.isCompressedName(name));
    }
}
