"""The report view: the narrative sections, the options, the outline and the export."""
