# Local Neo4j 5.26 Community for development and tests, without Docker.
# Included by the top-level Makefile; paths are relative to the repo root.
# See deploy/neo4j/README.md for the environment variables (NEO4J_BOLT_PORT,
# NEO4J_HEAP, NEO4J_PAGECACHE, NEO4J_AUTH, NEO4J_FRESH, OWNEX_CACHE_DIR, ...).

NEO4J_DEPLOY_DIR ?= deploy/neo4j

.PHONY: neo4j-start neo4j-stop

## neo4j-start: start local Neo4j (fetches jars on first use); prints the Bolt URI
neo4j-start:
	@bash $(NEO4J_DEPLOY_DIR)/start.sh

## neo4j-stop: stop the local Neo4j started by neo4j-start
neo4j-stop:
	@bash $(NEO4J_DEPLOY_DIR)/stop.sh
