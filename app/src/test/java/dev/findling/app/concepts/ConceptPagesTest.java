package dev.findling.app.concepts;

import dev.findling.models.image.MaskImages;
import dev.findling.models.mask.BinaryMask;
import dev.findling.models.testing.SyntheticScenes;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The concept pages as a browser receives them: key elements, labels, alt texts, and the no-JavaScript forms. */
class ConceptPagesTest extends ConceptServerTestSupport {

    @Test
    void navigationLinksToConceptsAndTheListShowsACreatedConcept() throws Exception {
        SyntheticScenes.Scene ref = ConceptScenes.reference();
        String id = idOf(createConcept(ConceptScenes.png(ref), ConceptScenes.discMaskPng(ref), "Page <disc>", true));
        ResponseEntity<String> page = html("/concepts");
        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
        String body = page.getBody();
        assertThat(body).contains("<h1>Concepts</h1>", "href=\"/concepts/new\"", "aria-current=\"page\"");
        assertThat(body).contains("href=\"/concepts/" + id + "\"", "src=\"/api/concepts/" + id + "/reference.png\"",
                "alt=\"Reference image of Page &lt;disc&gt;\"", "fine-tuned", "aria-label=\"Delete concept Page &lt;disc&gt;\"",
                "action=\"/concepts/" + id + "/delete\"", "/css/concepts.css", "/js/concepts.js");
        assertThat(body).doesNotContain("Page <disc>"); // escaped
        assertThat(html("/").getBody()).contains("href=\"/concepts\"");
        assertThat(http.getForEntity("/js/concepts.js", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(http.getForEntity("/css/concepts.css", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void conceptPageShowsReferenceMaskAndTheTestForm() throws Exception {
        SyntheticScenes.Scene ref = ConceptScenes.reference();
        String id = idOf(createConcept(ConceptScenes.png(ref), ConceptScenes.discMaskPng(ref), "Rex", false));
        ResponseEntity<String> page = html("/concepts/" + id);
        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(page.getBody()).contains("<h1>Rex</h1>", "alt=\"Reference image of Rex\"",
                "alt=\"Mask of Rex in the reference image (white = object)\"", "src=\"/api/concepts/" + id + "/mask.png\"",
                "data-segment=\"/api/concepts/" + id + "/segment\"", "<label for=\"test-images\">", "PerSAM (training-free)",
                "640×480", "role=\"status\"");
    }

    @Test
    void createPageOffersUploadAndClickToSegment() {
        String body = html("/concepts/new").getBody();
        assertThat(body).contains("<label for=\"upload-image\">", "<label for=\"upload-mask\">", "enctype=\"multipart/form-data\"",
                "action=\"/concepts\"", "id=\"click-to-segment\"", "data-prompt=\"/api/segment/prompt\"",
                "data-prompt-images=\"/api/segment/prompt/images\"", "Shift-click", "role=\"radiogroup\"");
    }

    @Test
    void formPostCreatesAConceptAndRedirectsToItsPage() {
        SyntheticScenes.Scene ref = ConceptScenes.reference();
        // The test client follows the 302 (post/redirect/get), so this is the concept's page.
        ResponseEntity<String> r = formPost(ConceptScenes.png(ref), ConceptScenes.discMaskPng(ref), "form disc");
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(r.getBody()).contains("<h1>form disc</h1>", "data-segment=\"/api/concepts/");
    }

    @Test
    void formPostWithAWrongSizeMaskShowsTheErrorAndKeepsTheName() {
        SyntheticScenes.Scene ref = ConceptScenes.reference();
        byte[] small = MaskImages.toPng(BinaryMask.empty(100, 80));
        ResponseEntity<String> r = formPost(ConceptScenes.png(ref), small, "kept name");
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(r.getBody()).contains("role=\"alert\"", "mask is 100×80 but the image is 640×480", "value=\"kept name\"");
    }

    @Test
    void deleteFormRemovesTheConcept() {
        SyntheticScenes.Scene ref = ConceptScenes.reference();
        String id;
        try {
            id = idOf(createConcept(ConceptScenes.png(ref), ConceptScenes.discMaskPng(ref), "to delete", false));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        // Followed redirect: the list, with the flash message.
        ResponseEntity<String> r = http.postForEntity("/concepts/" + id + "/delete", HttpEntity.EMPTY, String.class);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(r.getBody()).contains("Deleted concept “to delete”.").doesNotContain("/concepts/" + id + "\"");
        assertThat(html("/concepts/" + id).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void unknownConceptPageIsTheHtmlNotFoundPage() {
        ResponseEntity<String> page = html("/concepts/no-such-concept");
        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(page.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
        assertThat(page.getBody()).contains("404");
    }

    private ResponseEntity<String> html(String path) {
        HttpHeaders headers = new HttpHeaders();
        headers.setAccept(List.of(MediaType.TEXT_HTML));
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class);
    }

    private ResponseEntity<String> formPost(byte[] image, byte[] mask, String name) {
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("image", file(image, "reference.png"));
        form.add("mask", file(mask, "mask.png"));
        form.add("name", name);
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        headers.setAccept(List.of(MediaType.TEXT_HTML));
        return http.postForEntity("/concepts", new HttpEntity<>(form, headers), String.class);
    }
}
