"""What every format shares: layout and brand, template context, body HTML, XHTML, reproducible zips."""
