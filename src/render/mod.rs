//! Rendering: templates, markdown and charts.

pub mod chart;
