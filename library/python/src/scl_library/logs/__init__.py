"""logs: the app's records through a bounded queue, shipped as OTLP/HTTP JSON."""
