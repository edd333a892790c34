package io.crosscheck;

import io.crosscheck.common.HttpLayerProblems;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The service's entry point (jar, dev mode). It exists for one setting that must be made before Quarkus loads its HTTP
 * layer: see {@link HttpLayerProblems#TAKE_OVER_URI_CHECK}.
 */
@QuarkusMain
public final class CrosscheckMain {

    private CrosscheckMain() {
    }

    public static void main(String... args) {
        System.setProperty(HttpLayerProblems.TAKE_OVER_URI_CHECK, "true");
        Quarkus.run(args);
    }
}
