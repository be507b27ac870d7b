from django import template

register = template.Library()


@register.filter
def pct(value: float | None) -> str:
    """An effect held as a share, as a signed percentage: 0.0517 reads +5.2%."""
    if value is None:
        return "–"
    return f"{value * 100:+.1f}%".replace("-", "−")


@register.filter
def difference(value: float | None) -> str:
    """A standardised difference, signed, to three places."""
    if value is None:
        return "–"
    return f"{value:+.3f}".replace("-", "−")
