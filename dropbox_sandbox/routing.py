"""The SDK's own route tables, turned into URL paths, and the handlers registered for them."""

import importlib

# Namespaces whose routes the sandbox can receive (it answers "not implemented" for the rest).
NAMESPACE_MODULES = (
    "account",
    "auth",
    "check",
    "contacts",
    "file_properties",
    "file_requests",
    "files",
    "openid",
    "paper",
    "secondary_emails",
    "sharing",
    "team",
    "team_log",
    "users",
)

_HANDLERS: dict[int, object] = {}


def url_name(namespace: str, route) -> str:
    """`files/upload_session/finish_batch_v2`: the path after /2/, as the SDK builds it."""
    name = f"{namespace}/{route.name}"
    if route.version > 1:
        name += f"_v{route.version}"
    return name


def route_table() -> dict[str, object]:
    table = {}
    for namespace in NAMESPACE_MODULES:
        module = importlib.import_module(f"dropbox.{namespace}")
        for route in getattr(module, "ROUTES", {}).values():
            table[url_name(namespace, route)] = route
    return table


def handles(*routes):
    """Register a function as the sandbox's implementation of the given SDK route objects."""

    def register(function):
        for route in routes:
            _HANDLERS[id(route)] = function
        return function

    return register


def handler_for(route):
    return _HANDLERS.get(id(route))


def load_handlers() -> None:
    """Import the modules whose @handles decorators fill the registry."""
    for module in (
        "routes_users",
        "routes_team",
        "routes_team_groups",
        "routes_team_folders",
        "routes_files",
        "routes_upload",
        "routes_sharing",
    ):
        importlib.import_module(f"{__package__}.{module}")
