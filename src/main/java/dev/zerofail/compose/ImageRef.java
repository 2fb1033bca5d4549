package dev.zerofail.compose;

/**
 * An image reference split the way Docker does: {@code [REGISTRY/]REPOSITORY[:TAG][@DIGEST]}.
 * The first path component is a registry when it contains a dot or a colon, or is {@code localhost}.
 */
record ImageRef(String registry, String repository, String tag, String digest) {
    static ImageRef parse(String image) {
        String rest = image;
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
        }
        String registry = null;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                registry = first;
                rest = rest.substring(slash + 1);
            }
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        return new ImageRef(registry, rest, tag, digest);
    }

    /** No tag, or {@code latest}, and no digest: what runs changes without the file changing. */
    boolean floating() {
        return digest == null && (tag == null || tag.equals("latest"));
    }

    @Override
    public String toString() {
        return (registry == null ? "" : registry + "/") + repository + (tag == null ? "" : ":" + tag)
                + (digest == null ? "" : "@" + digest);
    }
}
