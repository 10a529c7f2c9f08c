package dev.gaze.source;

import java.util.Iterator;

/**
 * A lazy stream of records that holds an open file; closing it early releases the file, and it
 * closes itself once exhausted. Reading problems never escape as exceptions: they become broken
 * records.
 */
public interface RecordIterator extends Iterator<ImageRecord>, AutoCloseable {

  /** Releases the underlying file; safe to call more than once. */
  @Override
  void close();
}
