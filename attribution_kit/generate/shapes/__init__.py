"""The files the generator writes: the input contract's tables, or the same world as Salesforce or
HubSpot tables (docs/demo_shapes.md)."""
