"""The pure domain core: rules, clocks and value objects with no Django import (habit 5)."""
