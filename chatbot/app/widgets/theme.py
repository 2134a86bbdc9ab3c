"""What the theme paints behind a widget, for the drawings that need to blend with it."""

from __future__ import annotations

from textual.widget import Widget

from chatbot.app.renderables.colours import RGB


def background_rgb(widget: Widget) -> RGB:
    """The colour behind ``widget``: a heatmap's zero fades into it, on dark and light themes alike."""
    red, green, blue = widget.background_colors[1].rgb
    return red, green, blue
