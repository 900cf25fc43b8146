"""Voice: who is quoted or paraphrased, and how speech is reported."""
