"""registry: register, heartbeat, deregister; resolve by blocking queries."""
