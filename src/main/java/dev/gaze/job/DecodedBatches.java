package dev.gaze.job;

import dev.gaze.image.DecodedImage;
import dev.gaze.image.ImageDecoder;
import dev.gaze.image.ImageProblem;
import dev.gaze.image.InputSpec;
import dev.gaze.image.Preprocessor;
import dev.gaze.job.StageTimes.Stage;
import dev.gaze.source.ImageRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.util.TaskCompletionListener;

/**
 * Cuts records into chunks of {@code batchSize} and decodes and preprocesses each chunk into an
 * input tensor ({@link PreparedBatch}), in input order.
 *
 * <p>With {@code decodeThreads} 0 a chunk is decoded on the calling thread when it is asked for.
 * With more, the calling thread reads the records (sources need not be thread safe) and hands each
 * image to a pool of that many daemon threads, keeping {@value #AHEAD} chunks in flight: while the
 * caller runs the forward pass of one chunk, the next ones are being decoded. The queue is bounded
 * by those chunks, so memory holds at most {@value #AHEAD} + 1 tensors and their records.
 *
 * <p>The pool stops when the records are exhausted, on {@link #close()}, when the Spark task ends
 * (a completion listener, also when it is killed), and, for an iterator abandoned outside a task,
 * by itself: its threads exit after {@value #IDLE_SECONDS} s without work.
 */
final class DecodedBatches implements Iterator<PreparedBatch>, AutoCloseable {

  /** Chunks being decoded ahead of the one the caller works on. */
  static final int AHEAD = 2;

  /** Idle seconds after which a decode thread exits. */
  static final int IDLE_SECONDS = 2;

  /** The prefix of every decode thread's name. */
  static final String THREAD_PREFIX = "gaze-decode-";

  private static final AtomicInteger POOLS = new AtomicInteger();

  private final Iterator<ImageRecord> records;
  private final int batchSize;
  private final long maxPixels;
  private final int numClasses;
  private final InputSpec spec;
  private final Preprocessor preprocessor;
  private final StageTimes times;
  private final int threads;
  private final ArrayDeque<float[]> free = new ArrayDeque<>();
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private ThreadPoolExecutor pool;
  private volatile boolean closed;

  /** A chunk whose images are being decoded: one future per record, null where it failed early. */
  private record Pending(
      List<ImageRecord> records, String[] problems, List<Future<String>> work, float[] tensor) {}

  DecodedBatches(
      Iterator<ImageRecord> records,
      int batchSize,
      long maxPixels,
      int numClasses,
      InputSpec spec,
      int decodeThreads,
      StageTimes times) {
    if (decodeThreads < 0) {
      throw new IllegalArgumentException("decode threads " + decodeThreads + " must be 0 or more");
    }
    this.records = records;
    this.batchSize = batchSize;
    this.maxPixels = maxPixels;
    this.numClasses = numClasses;
    this.spec = spec;
    this.preprocessor = new Preprocessor(spec);
    this.times = times;
    this.threads = decodeThreads;
    TaskContext task = TaskContext.get();
    if (task != null && threads > 0) {
      task.addTaskCompletionListener((TaskCompletionListener) context -> close());
    }
  }

  @Override
  public boolean hasNext() {
    if (closed) {
      return false;
    }
    if (threads == 0) {
      return timedHasNext();
    }
    topUp();
    if (pending.isEmpty()) {
      close();
      return false;
    }
    return true;
  }

  @Override
  public PreparedBatch next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    if (threads == 0) {
      List<ImageRecord> chunk = readChunk();
      String[] problems = new String[chunk.size()];
      float[] tensor = buffer();
      for (int i = 0; i < chunk.size(); i++) {
        problems[i] = problemOf(chunk.get(i));
        if (problems[i] == null) {
          problems[i] = decode(chunk.get(i), tensor, i);
        }
      }
      return pack(chunk, problems, tensor);
    }
    Pending head = pending.poll();
    topUp(); // keep AHEAD chunks decoding while the caller runs this one
    for (int i = 0; i < head.records().size(); i++) {
      Future<String> f = head.work().get(i);
      if (f != null) {
        head.problems()[i] = await(f);
      }
    }
    return pack(head.records(), head.problems(), head.tensor());
  }

  /** Gives a tensor of a batch the caller is done with back for reuse. */
  void recycle(PreparedBatch batch) {
    if (free.size() <= AHEAD + 1) {
      free.push(batch.tensor());
    }
  }

  /** Stops the decode threads (running decodes are interrupted) and drops chunks in flight. */
  @Override
  public synchronized void close() {
    closed = true;
    if (pool != null) {
      pool.shutdownNow();
    }
    pending.clear();
  }

  private void topUp() {
    while (pending.size() < AHEAD && !closed && timedHasNext()) {
      List<ImageRecord> chunk = readChunk();
      String[] problems = new String[chunk.size()];
      List<Future<String>> work = new ArrayList<>(chunk.size());
      float[] tensor = buffer();
      for (int i = 0; i < chunk.size(); i++) {
        ImageRecord r = chunk.get(i);
        problems[i] = problemOf(r);
        int slot = i;
        work.add(problems[i] != null ? null : pool().submit(() -> decode(r, tensor, slot)));
      }
      pending.add(new Pending(chunk, problems, work, tensor));
    }
  }

  private synchronized ThreadPoolExecutor pool() {
    if (closed) {
      throw new IllegalStateException("decoding stopped: the task ended");
    }
    if (pool == null) {
      int id = POOLS.incrementAndGet();
      AtomicInteger n = new AtomicInteger();
      ThreadFactory factory =
          r -> {
            Thread t = new Thread(r, THREAD_PREFIX + id + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
          };
      pool =
          new ThreadPoolExecutor(
              threads,
              threads,
              IDLE_SECONDS,
              TimeUnit.SECONDS,
              new LinkedBlockingQueue<>(),
              factory);
      pool.allowCoreThreadTimeOut(true);
    }
    return pool;
  }

  private String await(Future<String> f) {
    try {
      while (true) {
        try {
          return f.get(100, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          if (closed) {
            // closed from another thread (the task was killed): queued decodes never run
            throw new IllegalStateException("decoding stopped: the task ended");
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IllegalStateException("interrupted while waiting for decoded images", e);
    } catch (ExecutionException e) {
      close();
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException("decoding failed: " + cause, cause);
    }
  }

  private boolean timedHasNext() {
    long t0 = System.nanoTime();
    boolean more = records.hasNext();
    times.add(Stage.READ, System.nanoTime() - t0);
    return more;
  }

  private List<ImageRecord> readChunk() {
    long t0 = System.nanoTime();
    List<ImageRecord> chunk = new ArrayList<>(batchSize);
    while (chunk.size() < batchSize && records.hasNext()) {
      chunk.add(records.next());
    }
    times.add(Stage.READ, System.nanoTime() - t0);
    return chunk;
  }

  private float[] buffer() {
    float[] b = free.poll();
    return b != null ? b : new float[batchSize * spec.size()];
  }

  /** Decodes and preprocesses one record into slot {@code slot}; its problem, or null. */
  private String decode(ImageRecord r, float[] tensor, int slot) {
    try {
      long t0 = System.nanoTime();
      DecodedImage image = ImageDecoder.decode(r.image(), maxPixels);
      long t1 = System.nanoTime();
      times.countDecoded(image.decodedBy());
      preprocessor.apply(image, tensor, slot * spec.size());
      times.add(Stage.DECODE, t1 - t0);
      times.add(Stage.PREPROCESS, System.nanoTime() - t1);
      return null;
    } catch (ImageProblem e) {
      return e.getMessage();
    }
  }

  /** Moves the good slots together, in order. */
  private PreparedBatch pack(List<ImageRecord> chunk, String[] problems, float[] tensor) {
    int size = spec.size();
    int good = 0;
    for (int i = 0; i < chunk.size(); i++) {
      if (problems[i] == null) {
        if (good != i) {
          System.arraycopy(tensor, i * size, tensor, good * size, size);
        }
        good++;
      }
    }
    return new PreparedBatch(chunk, problems, tensor, good);
  }

  private String problemOf(ImageRecord record) {
    if (record.isBroken()) {
      return record.problem();
    }
    if (record.label() == null) {
      return "no label";
    }
    if (record.label() < 0 || (numClasses > 0 && record.label() >= numClasses)) {
      return "label "
          + record.label()
          + " is out of range; valid: 0 to "
          + (numClasses - 1)
          + " ("
          + numClasses
          + " classes)";
    }
    if (record.image() == null) {
      return "no image bytes";
    }
    return null;
  }
}
