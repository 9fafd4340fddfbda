"""sidecar-lab's three services in Python: web, customers, payment (spec/services.openapi.yaml)."""
