"""config: blocking pull from the control plane, validation, last good kept, hot reload."""
