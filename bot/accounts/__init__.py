"""One person across platforms: linking identities, one-time codes, where nudges go."""
