"""Tables of the appeals app."""
