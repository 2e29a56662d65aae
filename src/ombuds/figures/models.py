"""Tables of the figures app."""
