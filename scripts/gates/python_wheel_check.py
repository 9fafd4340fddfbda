"""Run by python-wheels.sh: the packages import from their wheels, read their contracts, declare what they import."""

import ast
import importlib
import importlib.metadata
import pkgutil
import re
import sys
from pathlib import Path



def normalized(distribution: str) -> str:
    return re.sub(r"[-_.]+", "-", distribution).lower()


site = Path(sys.argv[1])
failures: list[str] = []
imported_from: dict[str, set[str]] = {}
packages = {"scl_library": "scl-library", "scl_services": "scl-services"}
for package, distribution in packages.items():
    module = importlib.import_module(package)
    if not Path(module.__file__ or "").is_relative_to(site):
        failures.append(f"wheels: {package} was imported from {module.__file__}, not from its wheel")
    spec = importlib.import_module(f"{package}.spec")
    for name in spec.CONTRACT_FILES:
        try:
            spec.load_json(name)
        except (FileNotFoundError, ValueError) as error:
            failures.append(f"wheels: {package}/contract/{name} is not usable from the wheel: {error}")
    # Every third-party module the package imports must come from a declared requirement.
    requires = importlib.metadata.requires(distribution) or []
    declared = {normalized(re.split(r"[\s;\[<>=!~]", r, maxsplit=1)[0]) for r in requires}
    owners = importlib.metadata.packages_distributions()
    for info in pkgutil.walk_packages(module.__path__, f"{package}."):
        source = Path(importlib.util.find_spec(info.name).origin or "")  # type: ignore[union-attr]
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for top in {n.split(".")[0] for n in names}:
                if top in sys.stdlib_module_names or top in packages:
                    continue
                dists = {normalized(d) for d in owners.get(top, [top])}
                if not dists & declared:
                    rel = source.relative_to(site)
                    failure = f"wheels: {rel} imports {top}, which {distribution} does not declare"
                    if failure not in failures:
                        failures.append(failure)
for failure in failures:
    print(failure)
sys.exit(1 if failures else 0)
