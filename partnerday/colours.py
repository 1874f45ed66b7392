"""The charts' colours, chosen to be seen from the back of the room and by people who see
poorly: every mark at least 3:1 against the page (WCAG 2.1, 1.4.11 non-text contrast), bars
separated by a white line so that each segment meets the page, not its neighbour, and a
compared series told apart by a hatch as well as by its colour (1.4.1)."""

from __future__ import annotations

PAGE = "#ffffff"
MARK_CONTRAST = 3.0

GREEN = "#0b6e4f"  # 6.3:1, the app's own colour
GREY = "#767f7b"  # 4.1:1, the series compared (last year, an earlier round)
LINK = "#5f9c89"  # 3.2:1, the links of the encounters' map, lighter than its nodes
# categories (organisations, roles, languages): each 3:1 or more on white
PALETTE = ("#0b6e4f", "#1f5fa8", "#b3470c", "#7a3e9d", "#a1257d", "#00727a", "#8a6d00",
           "#c0392b", "#5b6770", "#6b4226")
COMPARED_HATCH = "/"
SEPARATOR = {"color": PAGE, "width": 1}


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG 2.1's relative luminance of a « #rrggbb » colour."""
    red, green, blue = (int(colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast_ratio(first: str, second: str = PAGE) -> float:
    """From 1 (the same) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)),
                             reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
