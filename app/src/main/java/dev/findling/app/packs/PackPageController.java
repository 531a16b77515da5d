package dev.findling.app.packs;

import dev.findling.app.jobs.JobStatus;
import dev.findling.models.ModelPack;
import dev.findling.models.pack.PackException;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.nio.file.Path;

/** The home page's pack forms: download-and-use a known pack, switch to an installed one. */
@Controller
class PackPageController {
    private final PackDownloads downloads;
    private final ActivePack activePack;
    private final PackCatalog catalog;

    PackPageController(PackDownloads downloads, ActivePack activePack, PackCatalog catalog) {
        this.downloads = downloads;
        this.activePack = activePack;
        this.catalog = catalog;
    }

    @PostMapping("/packs/{name}/download")
    String download(@PathVariable String name, RedirectAttributes redirect) {
        JobStatus job = downloads.downloadAndUse(name);
        redirect.addAttribute("download", job.id());
        return "redirect:/";
    }

    @PostMapping("/packs/use")
    String use(@RequestParam String directory, RedirectAttributes redirect, Model model, HttpServletResponse response) {
        try {
            ModelPack pack = activePack.switchTo(Path.of(directory));
            redirect.addAttribute("switched", pack.id());
            return "redirect:/";
        } catch (PackException | IllegalArgumentException e) {
            response.setStatus(422);
            model.addAttribute("switchError", e.getMessage());
            model.addAttribute("knownPacks", downloads.list());
            model.addAttribute("installedPacks", catalog.list());
            return "home";
        }
    }
}
