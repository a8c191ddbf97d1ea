package io.racewatch.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** A {@code map-rmw} finding. */
@Name("io.racewatch.MapReadModifyWrite")
@Label("Map Read-Modify-Write Race")
@Description("A thread read a map key and then wrote it with no lock held across both while another thread wrote the key.")
final class MapRmwEvent extends FindingEvent {
}
