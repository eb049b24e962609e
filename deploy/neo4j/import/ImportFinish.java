import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;

/**
 * Runs the finish statements of an ownex neo4j-admin import (the
 * finish.cypher that `ownex export neo4j-import` writes) on the imported
 * database, embedded and without Bolt, before the server opens it. Run by
 * import.sh in Java's source-file mode:
 *
 * <pre>java -cp 'lib/*' ImportFinish.java HOME FINISH.cypher</pre>
 *
 * Statements are separated by lines holding only ";". A statement whose
 * first column is a number is repeated until it returns 0 (batched
 * updates); any other statement runs once. The DBMS is configured like
 * Neo4jLauncher (NEO4J_PAGECACHE, NEO4J_CONF), so that the data folder is
 * the one the server then opens.
 */
public final class ImportFinish {
    private ImportFinish() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: ImportFinish HOME FINISH.cypher");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        List<String> statements = new ArrayList<>();
        for (String block : Files.readString(Path.of(args[1])).split("(?m)^;[ \\t]*$")) {
            StringBuilder code = new StringBuilder();
            for (String line : block.split("\n")) {
                if (!line.strip().startsWith("//")) {
                    code.append(line).append('\n');
                }
            }
            if (!code.toString().isBlank()) {
                statements.add(code.toString().strip());
            }
        }
        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home);
        builder.setConfig(GraphDatabaseSettings.udc_enabled, false)
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 1);
        String conf = System.getenv("NEO4J_CONF");
        if (conf != null && !conf.isBlank()) {
            builder.loadPropertiesFromFile(Path.of(conf));
        }
        String pageCache = System.getenv("NEO4J_PAGECACHE");
        builder.setConfig(BoltConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory,
                        ByteUnit.parse(pageCache == null || pageCache.isBlank() ? "512m" : pageCache));
        DatabaseManagementService dbms = builder.build();
        int status = 0;
        try {
            GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            if (!db.isAvailable(TimeUnit.MINUTES.toMillis(10))) {
                throw new IllegalStateException("database did not become available");
            }
            for (String stmt : statements) {
                long t0 = System.nanoTime();
                long total = 0;
                int runs = 0;
                while (true) {
                    runs++;
                    long n = db.executeTransactionally(stmt, Map.of(), r -> {
                        if (!r.hasNext()) {
                            return -1L;
                        }
                        Object v = r.next().values().iterator().next();
                        return v instanceof Number ? ((Number) v).longValue() : -1L;
                    });
                    if (n <= 0) {
                        break;
                    }
                    total += n;
                }
                String first = stmt.lines().findFirst().orElse("");
                System.out.printf(Locale.ROOT, "ownex-import: %s%s: %s%d ms%n",
                        first.length() > 90 ? first.substring(0, 90) + "…" : first,
                        stmt.contains("\n") ? " …" : "",
                        runs > 1 ? total + " changed in " + (runs - 1) + " batches, " : "",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            }
        } catch (Throwable t) {
            t.printStackTrace();
            status = 1;
        } finally {
            dbms.shutdown();
        }
        System.exit(status);
    }
}
