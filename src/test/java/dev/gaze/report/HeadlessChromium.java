package dev.gaze.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Headless Chromium driven over the DevTools protocol (a WebSocket, with the JDK's own client):
 * opens a page, waits for its load event, evaluates a script in it, collects script errors, console
 * errors, failed loads and dialogs, and takes a full-page screenshot. For tests only.
 */
public final class HeadlessChromium implements AutoCloseable {

  /** What a test says when the browser is missing. */
  public static final String MISSING =
      "headless Chromium is needed for the browser test and was not found (looked for"
          + " $GAZE_CHROMIUM, chromium, chromium-browser on PATH); jobs/setup installs it"
          + " (Debian package chromium), and jobs/test runs jobs/setup";

  /**
   * A check to run in a Gaze report page: per image whether it loaded, the findings rows, the
   * script elements, the first section's id, the title and the visible text.
   */
  public static final String PAGE_CHECK =
      """
      (async () => {
        const imgs = Array.from(document.images);
        await Promise.all(imgs.map(i => i.complete ? null
            : new Promise(r => { i.addEventListener('load', r); i.addEventListener('error', r); })));
        return JSON.stringify({
          images: imgs.map(i => ({src: i.getAttribute('src'), ok: i.complete && i.naturalWidth > 0,
                                  width: i.naturalWidth})),
          findingRows: document.querySelectorAll('#findings tr.finding').length,
          scripts: document.scripts.length,
          firstSection: document.querySelector('body > section') ? document.querySelector('body > section').id : '',
          title: document.title,
          text: document.body.innerText
        });
      })()
      """;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<JsonNode> events = new CopyOnWriteArrayList<>();

  /**
   * The result of opening a page.
   *
   * @param value what the script returned, parsed as JSON
   * @param errors script exceptions, console errors and browser log errors (failed loads)
   * @param dialogs alert/confirm/prompt messages the page opened
   */
  public record Page(JsonNode value, List<String> errors, List<String> dialogs) {}

  private HeadlessChromium(Process process, WebSocket socket) {
    this.process = process;
    this.socket = socket;
  }

  /**
   * The Chromium binary.
   *
   * @throws AssertionError with {@link #MISSING} when there is none
   */
  public static Path binary() {
    String configured = System.getenv("GAZE_CHROMIUM");
    if (configured != null && Files.isExecutable(Path.of(configured))) {
      return Path.of(configured);
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser")) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return p;
        }
      }
    }
    throw new AssertionError(MISSING);
  }

  /** Starts Chromium with a fresh profile in {@code profile} and attaches to its page. */
  public static HeadlessChromium start(Path profile) throws Exception {
    Path binary = binary();
    List<String> command =
        List.of(
            binary.toString(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--user-data-dir=" + profile,
            "--remote-debugging-port=0",
            "--window-size=1280,1000",
            "about:blank");
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(profile.resolveSibling(profile.getFileName() + ".log").toFile())
            .start();
    try {
      Path portFile = profile.resolve("DevToolsActivePort");
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (!Files.isRegularFile(portFile) || Files.readAllLines(portFile).size() < 2) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "chromium did not start (exit "
                  + (process.isAlive() ? "none" : process.exitValue())
                  + "); see its log beside "
                  + profile);
        }
        Thread.sleep(100);
      }
      int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
      HttpClient http = HttpClient.newHttpClient();
      String pageSocket = null;
      while (pageSocket == null) {
        String list =
            http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        for (JsonNode target : JSON.readTree(list)) {
          if (target.path("type").asText().equals("page")) {
            pageSocket = target.path("webSocketDebuggerUrl").asText();
          }
        }
        if (pageSocket == null) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("chromium opened no page target");
          }
          Thread.sleep(100);
        }
      }
      Listener listener = new Listener();
      WebSocket socket =
          http.newWebSocketBuilder()
              .buildAsync(URI.create(pageSocket), listener)
              .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      HeadlessChromium browser = new HeadlessChromium(process, socket);
      listener.browser = browser;
      return browser;
    } catch (Exception | Error e) {
      process.destroyForcibly();
      throw e;
    }
  }

  /**
   * Opens {@code url}, waits for its load event, evaluates {@code script} (an expression, which may
   * be a promise, whose value is a JSON string) and saves a full-page PNG screenshot.
   */
  public Page open(URI url, String script, Path screenshot) throws Exception {
    send("Page.enable", null);
    send("Runtime.enable", null);
    send("Log.enable", null);
    ObjectNode metrics = JSON.createObjectNode();
    metrics.put("width", 1280).put("height", 1000).put("deviceScaleFactor", 1);
    metrics.put("mobile", false);
    send("Emulation.setDeviceMetricsOverride", metrics);
    events.clear();
    send("Page.navigate", JSON.createObjectNode().put("url", url.toString()));
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (event("Page.loadEventFired").isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("page " + url + " did not finish loading");
      }
      Thread.sleep(50);
    }
    ObjectNode eval = JSON.createObjectNode();
    eval.put("expression", script).put("returnByValue", true).put("awaitPromise", true);
    JsonNode result = send("Runtime.evaluate", eval);
    if (result.has("exceptionDetails")) {
      throw new IllegalStateException("the check script failed: " + result.get("exceptionDetails"));
    }
    JsonNode value = JSON.readTree(result.path("result").path("value").asText());
    ObjectNode shot = JSON.createObjectNode();
    shot.put("format", "png").put("captureBeyondViewport", true);
    JsonNode png = send("Page.captureScreenshot", shot);
    Files.write(screenshot, Base64.getDecoder().decode(png.path("data").asText()));
    List<String> errors = new ArrayList<>();
    List<String> dialogs = new ArrayList<>();
    for (JsonNode e : events) {
      String method = e.path("method").asText();
      JsonNode p = e.path("params");
      switch (method) {
        case "Runtime.exceptionThrown" -> errors.add("exception: " + p.path("exceptionDetails"));
        case "Runtime.consoleAPICalled" -> {
          if (p.path("type").asText().equals("error")) {
            errors.add("console.error: " + p.path("args"));
          }
        }
        case "Log.entryAdded" -> {
          if (p.path("entry").path("level").asText().equals("error")) {
            errors.add(
                "log: "
                    + p.path("entry").path("text").asText()
                    + " "
                    + p.path("entry").path("url").asText());
          }
        }
        case "Page.javascriptDialogOpening" -> dialogs.add(p.path("message").asText());
        default -> {}
      }
    }
    return new Page(value, errors, dialogs);
  }

  private Optional<JsonNode> event(String method) {
    return events.stream().filter(e -> e.path("method").asText().equals(method)).findFirst();
  }

  private JsonNode send(String method, ObjectNode params) throws Exception {
    int id = ids.incrementAndGet();
    ObjectNode message = JSON.createObjectNode();
    message.put("id", id).put("method", method);
    if (params != null) {
      message.set("params", params);
    }
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    pending.put(id, reply);
    socket
        .sendText(JSON.writeValueAsString(message), true)
        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    JsonNode response = reply.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (response.has("error")) {
      throw new IllegalStateException(method + " failed: " + response.get("error"));
    }
    return response.path("result");
  }

  private void received(String text) {
    try {
      JsonNode message = JSON.readTree(text);
      if (message.has("id")) {
        CompletableFuture<JsonNode> reply = pending.remove(message.get("id").asInt());
        if (reply != null) {
          reply.complete(message);
        }
      } else {
        events.add(message);
      }
    } catch (IOException e) {
      throw new IllegalStateException("bad DevTools message", e);
    }
  }

  private static final class Listener implements WebSocket.Listener {
    private final StringBuilder buffer = new StringBuilder();
    private volatile HeadlessChromium browser;

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      buffer.append(data);
      if (last) {
        String text = buffer.toString();
        buffer.setLength(0);
        while (browser == null) {
          Thread.onSpinWait();
        }
        browser.received(text);
      }
      webSocket.request(1);
      return null;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      socket.abort();
    } finally {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
