"""Translation stage: English glosses for foreign spans from MarianMT models."""
