package dev.gaze.image;

/**
 * Prints what {@link NativeCodecs} found, for {@link DecodePathTest}'s child JVMs: {@code
 * available=true|false}, the problem, JavaCPP's cache directory and the system property JavaCPP
 * reads it from, one per line.
 */
final class NativeProbe {

  private NativeProbe() {}

  public static void main(String[] args) throws Exception {
    System.out.println("available=" + NativeCodecs.available());
    System.out.println("problem=" + NativeCodecs.problem());
    System.out.println("cachedir=" + NativeCodecs.cacheDir());
    System.out.println("property=" + System.getProperty(NativeCodecs.CACHE_PROPERTY));
    if (NativeCodecs.available()) {
      DecodedImage image =
          ImageDecoder.decode(Fixtures.bytes("rb-baseline.jpg"), ImageDecoder.DEFAULT_MAX_PIXELS);
      System.out.println("decodedBy=" + image.decodedBy());
    }
  }
}
