"""The last stage: an alignment written as TMX memories (`memories`), a coverage audit (`audit`) and a side-by-side
page (`views`)."""
