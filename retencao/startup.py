"""What a server process does once, after loading the app and before its first request."""

import gc


def settle() -> None:
    """Move everything loaded at start-up out of the garbage collector's way.

    Django, WeasyPrint and the templates leave hundreds of thousands of long-lived objects;
    without this, each full collection walks them all again (about 80 ms, every dozen or
    so printed forms). Frozen objects are never collected and cost nothing afterwards.
    """
    import weasyprint  # noqa: F401 - the printing library's objects are frozen too

    gc.collect()
    gc.freeze()
