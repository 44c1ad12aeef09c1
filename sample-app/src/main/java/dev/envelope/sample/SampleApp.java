package dev.envelope.sample;

/** The sample application; being written. */
public final class SampleApp {

  private SampleApp() {
  }

  /** Entry point. */
  public static void main(String[] args) {
    // Filled in with the demo in the same change.
  }
}
