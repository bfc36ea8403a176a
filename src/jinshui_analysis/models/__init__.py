"""Models layer: growth and contributions, catch-up, structure, accounting, projects, scenarios,
forecasting and nowcasting.  Each function or ``fit()`` returns a small immutable results object."""
