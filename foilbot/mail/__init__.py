"""Email at the edge: composing and sending requests by SMTP; reading replies (issue 11)."""
