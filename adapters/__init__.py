"""Platform adapters: each turns its platform's events into core requests and renders replies."""
