package dev.gaze.image;

/**
 * Prints what {@link OpenCvCodecs} found, for {@link DecodePathTest}'s child JVMs: {@code
 * available=true|false}, the problem, JavaCPP's cache directory and the system property JavaCPP
 * reads it from, one per line.
 */
final class OpenCvProbe {

  private OpenCvProbe() {}

  public static void main(String[] args) throws Exception {
    System.out.println("available=" + OpenCvCodecs.available());
    System.out.println("problem=" + OpenCvCodecs.problem());
    System.out.println("cachedir=" + OpenCvCodecs.cacheDir());
    System.out.println("property=" + System.getProperty(OpenCvCodecs.CACHE_PROPERTY));
    if (OpenCvCodecs.available()) {
      DecodedImage image =
          ImageDecoder.decode(Fixtures.bytes("rb-baseline.jpg"), ImageDecoder.DEFAULT_MAX_PIXELS);
      System.out.println("decodedBy=" + image.decodedBy());
    }
  }
}
