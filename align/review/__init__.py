"""Review an alignment in the browser and keep the corrections: `corrections` (the format and how corrections are
applied after every alignment) and `app` (the local web app of `unalign review`)."""
