package testprograms;

import jdk.jfr.Recording;

import java.nio.file.Path;

/**
 * Flight Recorder started by the program itself, after the agent's premain (as {@code jcmd
 * JFR.start} or a monitoring library would start it): a recording of racewatch's map-race events
 * around {@link LostUpdate}, dumped to {@code args[0]}.
 */
public final class RecordingStartedInMain {
    public static void main(String[] args) throws Exception {
        try (Recording recording = new Recording()) {
            recording.enable("io.racewatch.MapReadModifyWrite");
            recording.start();
            LostUpdate.main(new String[0]);
            recording.stop();
            recording.dump(Path.of(args[0]));
        }
    }
}
