//! The view: what templates and charts read, kept apart from the model.
