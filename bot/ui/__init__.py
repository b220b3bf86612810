"""What a person reads: the Russian texts, keyboards and payloads, views, the chart."""
