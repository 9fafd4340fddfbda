"""`python -m scl_services`: the service is chosen by SCL_SERVICE, the mode by SCL_MODE."""

from .main import main

raise SystemExit(main())
