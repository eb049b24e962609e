package ownex;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;

/**
 * Runs Neo4j Community (embedded) with its Bolt connector, for ownex's local
 * development and tests, without Docker or a Neo4j distribution.
 *
 * <p>Configuration is by environment (start.sh sets the defaults):
 * <ul>
 *   <li>NEO4J_HOME_DIR   – Neo4j home (data/, logs/ live under it); required</li>
 *   <li>NEO4J_BOLT_HOST  – listen host, default 127.0.0.1</li>
 *   <li>NEO4J_BOLT_PORT  – listen port, default 7687</li>
 *   <li>NEO4J_PAGECACHE  – page cache size, e.g. 512m (default)</li>
 *   <li>NEO4J_AUTH       – "none" (default) or "user/password"</li>
 *   <li>NEO4J_CONF       – optional neo4j.conf-style properties file; the
 *                          settings above always win over it</li>
 * </ul>
 *
 * <p>Prints a line starting with {@value #READY} once the default database is
 * available (and the password, if any, is set); start.sh waits for it.
 * SIGTERM/SIGINT shut the DBMS down cleanly through a shutdown hook.
 */
public final class Neo4jLauncher {
    static final String READY = "OWNEX-NEO4J-READY";

    private Neo4jLauncher() {}

    public static void main(String[] args) throws Exception {
        String homeEnv = env("NEO4J_HOME_DIR", null);
        if (homeEnv == null) {
            fail("NEO4J_HOME_DIR is not set");
        }
        Path home = Path.of(homeEnv).toAbsolutePath();
        Files.createDirectories(home);
        String host = env("NEO4J_BOLT_HOST", "127.0.0.1");
        int port = Integer.parseInt(env("NEO4J_BOLT_PORT", "7687"));
        long pageCache = ByteUnit.parse(env("NEO4J_PAGECACHE", "512m"));
        String auth = env("NEO4J_AUTH", "none");
        String user = null;
        String password = null;
        if (!auth.equalsIgnoreCase("none")) {
            int slash = auth.indexOf('/');
            if (slash <= 0 || slash == auth.length() - 1) {
                fail("NEO4J_AUTH must be 'none' or 'user/password'");
            }
            user = auth.substring(0, slash);
            password = auth.substring(slash + 1);
        }

        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home);
        // Defaults a NEO4J_CONF file may override: no usage-data calls home,
        // transaction logs grow on demand instead of preallocating 256 MiB each,
        // only the two newest transaction log files are kept after a checkpoint
        // instead of two days' worth (a day of benchmark loads kept 53 GB),
        // keep-alive messages only while a result streams (the default, ALL,
        // also sends clients a connection.recv_timeout_seconds hint, with which
        // the Go driver starts a goroutine and a timer for every socket read:
        // 15 of 21 CPU-seconds of reading a 1M-entity graph),
        // and the Bolt server's two netty event-loop groups wait 1 s instead of
        // 5 s each for quiet on shutdown (stores are already flushed by then).
        builder.setConfig(GraphDatabaseSettings.udc_enabled, false)
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "2 files")
                .setConfig(BoltConnector.connection_keep_alive_type, BoltConnector.KeepAliveRequestType.STREAMING)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 1);
        String conf = env("NEO4J_CONF", null);
        if (conf != null) {
            builder.loadPropertiesFromFile(Path.of(conf));
        }
        // Always from the environment (start.sh relies on them).
        builder.setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(host, port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(host, port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pageCache)
                .setConfig(GraphDatabaseSettings.auth_enabled, user != null);

        long t0 = System.nanoTime();
        DatabaseManagementService dbms;
        try {
            dbms = builder.build();
        } catch (Throwable t) {
            t.printStackTrace();
            fail("could not start Neo4j: " + t);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("ownex-neo4j: shutting down");
            System.out.flush();
            try {
                dbms.shutdown();
            } catch (Throwable t) {
                t.printStackTrace();
            }
            System.out.println("ownex-neo4j: stopped");
            System.out.flush();
            stopped.countDown();
        }, "ownex-neo4j-shutdown"));

        String dbName = GraphDatabaseSettings.DEFAULT_DATABASE_NAME;
        try {
            GraphDatabaseService db = dbms.database(dbName);
            if (!db.isAvailable(TimeUnit.MINUTES.toMillis(5))) {
                fail("database '" + dbName + "' did not become available");
            }
            if (user != null) {
                setPassword(dbms, user, password);
            }
        } catch (Throwable t) {
            t.printStackTrace();
            fail(String.valueOf(t.getMessage())); // exits; the hook shuts the DBMS down
        }
        System.out.printf(Locale.ROOT, "%s bolt://%s:%d database=%s auth=%s startup_ms=%d%n",
                READY, host, port, dbName, user == null ? "none" : user,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        System.out.flush();
        stopped.await();
    }

    /**
     * Creates the user, or sets its password. Embedded transactions run with
     * full privileges, so this works even when the stored password is unknown.
     * Community Edition supports several users (no roles); the server's own
     * initial user is "neo4j". Passwords must be at least 8 characters unless
     * dbms.security.auth_minimum_password_length is lowered via NEO4J_CONF.
     */
    private static void setPassword(DatabaseManagementService dbms, String user, String password) {
        GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        boolean exists = system.executeTransactionally(
                "SHOW USERS YIELD user WHERE user = $user RETURN count(*) AS n",
                Map.of("user", user),
                r -> ((Number) r.next().get("n")).longValue() > 0);
        String verb = exists ? "ALTER" : "CREATE";
        try {
            system.executeTransactionally(
                    verb + " USER " + quoteName(user) + " SET PLAINTEXT PASSWORD $pw CHANGE NOT REQUIRED",
                    Map.of("pw", password));
        } catch (RuntimeException e) {
            // Restart with the same NEO4J_AUTH: Neo4j refuses to "change" a password to itself.
            if (exists && String.valueOf(e.getMessage()).contains("Old password and new password cannot be the same")) {
                System.out.println("ownex-neo4j: password of user " + user + " unchanged");
                return;
            }
            throw e;
        }
        System.out.println("ownex-neo4j: " + (exists ? "updated password of" : "created") + " user " + user);
    }

    private static String quoteName(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    private static String env(String key, String def) {
        String v = System.getenv(key);
        return v == null || v.isBlank() ? def : v;
    }

    private static void fail(String msg) {
        System.err.println("ownex-neo4j: ERROR: " + msg);
        System.err.flush();
        System.exit(1); // runs the shutdown hook if the DBMS is already up
    }
}
