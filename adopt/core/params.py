"""Reading ids from query strings and posted forms without trusting them."""

# The largest id any database here stores (a signed 64-bit integer); SQLite raises on anything larger.
LARGEST_ID = 2**63 - 1


def id_from(text: str | None) -> int:
    """The id the text names, or 0 (which no row has) when it is not a plain number within range."""
    text = (text or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > len(str(LARGEST_ID)):
        return 0
    value = int(text)
    return value if value <= LARGEST_ID else 0
