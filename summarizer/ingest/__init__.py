"""From a file to typed sections: readers, layout, sections, header."""
