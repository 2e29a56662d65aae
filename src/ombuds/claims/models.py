"""Tables of the claims app."""
