import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.util.List;

/**
 * An in-memory MongoDB-wire server for tests: `java -cp 'libs/*' MongoTestServer.java <host> <port>`.
 * It announces MongoDB 4.4 (wire version 9), the oldest the Node driver under mongoose 9 accepts:
 * mongo-java-server's newest own version reports wire version 8, which the driver refuses.
 */
public class MongoTestServer {
  /** MongoDB 4.4 as the driver's handshake sees it. */
  static final MongoVersion MONGO_4_4 = new MongoVersion() {
    @Override public List<Integer> getVersionArray() { return List.of(4, 4, 0); }
    @Override public int getWireVersion() { return 9; }
  };

  public static void main(String[] args) throws Exception {
    String host = args.length > 0 ? args[0] : "127.0.0.1";
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 27017;
    MongoServer server = new MongoServer(new MemoryBackend().version(MONGO_4_4));
    server.bind(host, port);
    System.out.println("mongo-java-server listening on " + host + ":" + port + " as MongoDB 4.4");
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
    Thread.currentThread().join();
  }
}
