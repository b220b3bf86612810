"""All SQL of the bot lives in these modules; services call them with an AsyncSession."""
