package web

// PanelInfo names one of the secondary panels.
type PanelInfo struct {
	ID, Title, Empty string
}

// Panels are the secondary panels, in page order. They are empty shells until
// the lab provides their data.
var Panels = []PanelInfo{
	{"logs", "Raft logs", "Each member's log entries will appear here."},
	{"data", "Data", "The keys in each member's store will appear here."},
	{"quorum", "Quorum", "Votes and the quorum arithmetic will appear here."},
	{"events", "Events", "Messages, elections and faults will appear here."},
	{"safety", "Safety", "Linearizability and Raft invariant checks will appear here."},
	{"time", "Time", "Controls for the simulated clock will appear here."},
	{"settings", "Settings", "Cluster size, timeouts and network faults will be set here."},
}
