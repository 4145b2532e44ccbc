package dev.clarke.ops;

/** Receives the exact kink hits found by a primitive's loop: element index and kink point. */
@FunctionalInterface
public interface HitSink {

    /** A sink that ignores hits (kink logging off). */
    HitSink NONE = (element, point) -> { };

    /**
     * Element {@code element} of the primitive's output sits exactly on the kink at {@code point}.
     *
     * @param element the element's row-major index in the primitive's output
     * @param point the kink point: the switching variable's value there (the tie value for max/min)
     */
    void hit(int element, double point);
}
