"""Views of discovery, the quote builder, the pipeline and the customer's answer."""
